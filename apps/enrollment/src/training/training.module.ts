import { Module } from '@nestjs/common';
import { AmbassadorsModule } from '../ambassadors/ambassadors.module';
import { TrainingDeadlineSweeper } from './training-deadline.sweeper';
import { TrainingResolver } from './training.resolver';
import { TrainingService } from './training.service';

@Module({ imports: [AmbassadorsModule], providers: [TrainingResolver, TrainingService, TrainingDeadlineSweeper] })
export class TrainingFeatureModule {}
