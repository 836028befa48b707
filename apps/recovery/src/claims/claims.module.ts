import { DynamicModule, Module } from '@nestjs/common';
import { createStripeClient, StripeSettings } from '@streetteam/stripe';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { ClaimResolutionService } from './claim-resolution.service';
import { claimResolutionSweeper } from './claim-resolution.sweeper';
import { ClaimResolver } from './claim.resolver';
import { ClaimService } from './claim.service';
import { RECOVERY_FAULTS, RECOVERY_STRIPE, RecoveryFaults } from './stripe-refunds';

@Module({})
export class ClaimsModule {
  static forRoot(stripe: StripeSettings, faults: RecoveryFaults = {}): DynamicModule {
    return {
      module: ClaimsModule,
      imports: [FollowUpsModule],
      providers: [
        { provide: RECOVERY_STRIPE, useValue: createStripeClient(stripe) },
        { provide: RECOVERY_FAULTS, useValue: faults },
        ClaimService,
        ClaimResolutionService,
        claimResolutionSweeper,
        ClaimResolver,
      ],
      exports: [ClaimService],
    };
  }
}
