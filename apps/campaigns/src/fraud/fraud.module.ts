import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { FraudResolver } from './fraud.resolver';
import { FraudService } from './fraud.service';

@Module({
  imports: [CommissionsModule],
  providers: [FraudService, FraudResolver],
  exports: [FraudService],
})
export class FraudModule {}
