import { CreatePrograms1763928000000 } from './1763928000000-create-programs';
import { CreateCampaignsAndAmbassadors1765000000000 } from './1765000000000-create-campaigns-and-ambassadors';
import { CreateTrackingAndCommissions1765001000000 } from './1765001000000-create-tracking-and-commissions';
import { CreateIdeas1765100000000 } from './1765100000000-create-ideas';
import { CreateRecoveredCustomers1765110800000 } from './1765110800000-create-recovered-customers';
import { CreateMissions1765103600000 } from './1765103600000-create-missions';
import { CreateLeaderboards1765107200000 } from './1765107200000-create-leaderboards';
import { CreateLeads1765200000000 } from './1765200000000-create-leads';
import { CreateClickWaits1765300000000 } from './1765300000000-create-click-waits';
import { IndexConversionsByCustomer1765400000000 } from './1765400000000-index-conversions-by-customer';
import { ClickWaitFailures1765500000000 } from './1765500000000-click-wait-failures';

/** In order; a committed migration is never edited, only followed by a new one. */
export const migrations = [
  CreatePrograms1763928000000,
  CreateCampaignsAndAmbassadors1765000000000,
  CreateTrackingAndCommissions1765001000000,
  CreateIdeas1765100000000,
  CreateRecoveredCustomers1765110800000,
  CreateMissions1765103600000,
  CreateLeaderboards1765107200000,
  CreateLeads1765200000000,
  CreateClickWaits1765300000000,
  IndexConversionsByCustomer1765400000000,
  ClickWaitFailures1765500000000,
];
