import { CreatePrograms1763924400000 } from './1763924400000-create-programs';

/** In order; a committed migration is never edited, only followed by a new one. */
export const migrations = [CreatePrograms1763924400000];
