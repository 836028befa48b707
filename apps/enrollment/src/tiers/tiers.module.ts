import { Module } from '@nestjs/common';
import { TierResolver } from './tier.resolver';
import { TierService } from './tier.service';

@Module({ providers: [TierResolver, TierService], exports: [TierService] })
export class TiersModule {}
