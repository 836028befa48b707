import { ValueTransformer } from 'typeorm';

// pg hands bigint back as a string; amounts stay within Number.MAX_SAFE_INTEGER (contracts' minorUnits).
export const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
