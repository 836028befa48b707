import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toCsv } from '../csv';
import { form1099Threshold, TaxFormKind, taxFormKinds, TaxFormStatus, taxFormStatuses } from './tax-rules';
import { TaxFormErrorCode, TaxFormException } from './tax-form.exception';

export interface TaxFormRow {
  id: string;
  ambassador_id: string;
  kind: TaxFormKind;
  status: TaxFormStatus;
  document_ref: string;
  recorded_by: string;
  recorded_at: Date;
}

export interface YearEndLine {
  ambassadorId: string;
  country: string;
  paidMinor: bigint;
  formKind: TaxFormKind | null;
  formStatus: TaxFormStatus | null;
  documentRef: string | null;
  /** Ready to file: a W-9 on file. */
  w9OnFile: boolean;
}

// A US SSN/EIN/ITIN shape, with or without dashes: what must never be stored.
const TAX_ID_SHAPE = /(^|\D)\d{3}-?\d{2}-?\d{4}(\D|$)|(^|\D)\d{2}-\d{7}(\D|$)/;

/** Tax forms as a status and a reference to the document (in the document store), never the tax id. */
@Injectable()
export class TaxFormService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(input: { ambassadorId: string; kind: string; status: string; documentRef: string }, recordedBy: string): Promise<TaxFormRow> {
    if (!(taxFormKinds as readonly string[]).includes(input.kind)) throw new TaxFormException(TaxFormErrorCode.INVALID_INPUT, `kind: must be one of ${taxFormKinds.join(', ')}`);
    if (!(taxFormStatuses as readonly string[]).includes(input.status)) throw new TaxFormException(TaxFormErrorCode.INVALID_INPUT, `status: must be one of ${taxFormStatuses.join(', ')}`);
    const ref = input.documentRef.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9:/._-]{2,199}$/.test(ref)) {
      throw new TaxFormException(TaxFormErrorCode.INVALID_INPUT, 'documentRef: must be a document reference (3 to 200 letters, digits, ":/._-")');
    }
    if (TAX_ID_SHAPE.test(ref)) throw new TaxFormException(TaxFormErrorCode.INVALID_INPUT, 'documentRef: looks like a tax id; store the document and send its reference, never the tax id');
    const [row] = await this.dataSource.query(
      'INSERT INTO tax_forms (id, ambassador_id, kind, status, document_ref, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      [randomUUID(), input.ambassadorId, input.kind, input.status, ref, recordedBy],
    );
    return row;
  }

  async current(ambassadorId: string): Promise<TaxFormRow | null> {
    const [row] = await this.dataSource.query('SELECT * FROM tax_forms WHERE ambassador_id = $1 ORDER BY recorded_at DESC, id LIMIT 1', [ambassadorId]);
    return row ?? null;
  }

  /** US ambassadors paid at least the 1099-NEC threshold in USD in the year (net of transfer reversals). */
  async yearEnd(year: number): Promise<YearEndLine[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new TaxFormException(TaxFormErrorCode.INVALID_INPUT, 'year: must be a year such as 2026');
    const rows: Array<{ ambassador_id: string; country: string; paid: string; kind: TaxFormKind | null; status: TaxFormStatus | null; document_ref: string | null }> =
      await this.dataSource.query(
        `SELECT p.ambassador_id, a.country, p.paid::text, f.kind, f.status, f.document_ref
           FROM (SELECT ambassador_id, sum(amount_minor - reversed_minor) AS paid FROM payouts
                  WHERE status = 'PAID' AND currency = 'USD' AND paid_at >= make_timestamptz($1, 1, 1, 0, 0, 0, 'UTC') AND paid_at < make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'UTC')
                  GROUP BY ambassador_id) p
           JOIN ambassadors a ON a.id = p.ambassador_id AND a.country = 'US'
           LEFT JOIN LATERAL (SELECT kind, status, document_ref FROM tax_forms t WHERE t.ambassador_id = p.ambassador_id ORDER BY recorded_at DESC, id LIMIT 1) f ON true
          WHERE p.paid >= $2
          ORDER BY p.ambassador_id`,
        [year, form1099Threshold(year).toString()],
      );
    return rows.map((r) => ({
      ambassadorId: r.ambassador_id,
      country: r.country,
      paidMinor: BigInt(r.paid),
      formKind: r.kind,
      formStatus: r.status,
      documentRef: r.document_ref,
      w9OnFile: r.kind === 'W9' && r.status !== 'REJECTED',
    }));
  }

  /** The year-end lines as finance's CSV. */
  yearEndCsv(year: number, lines: YearEndLine[]): string {
    return toCsv(
      ['ambassador_id', 'country', 'year', 'paid_minor', 'currency', 'form', 'form_status', 'document_ref', 'w9_on_file'],
      lines.map((l) => [l.ambassadorId, l.country, year, l.paidMinor, 'USD', l.formKind, l.formStatus, l.documentRef, l.w9OnFile]),
    );
  }
}
