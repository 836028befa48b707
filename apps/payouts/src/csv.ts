/** RFC 4180 CSV; a cell that starts like a formula is prefixed with ' so a spreadsheet shows it as text. */
export function toCsv(header: string[], rows: Array<Array<string | number | bigint | boolean | Date | null | undefined>>): string {
  const cell = (value: string | number | bigint | boolean | Date | null | undefined): string => {
    if (value === null || value === undefined) return '';
    let text = value instanceof Date ? value.toISOString() : String(value);
    if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
