import { ambassadorStatuses } from '@streetteam/contracts';

export type AmbassadorStatus = (typeof ambassadorStatuses)[number];
