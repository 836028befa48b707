import { CreatePrograms1763928000000 } from './1763928000000-create-programs';
import { CreateGuaranteeClaims1765000000000 } from './1765000000000-create-guarantee-claims';

/** In order; a committed migration is never edited, only followed by a new one. */
export const migrations = [CreatePrograms1763928000000, CreateGuaranteeClaims1765000000000];
