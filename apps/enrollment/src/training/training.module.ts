import { Module } from '@nestjs/common';
import { AmbassadorsModule } from '../ambassadors/ambassadors.module';
import { trainingDeadlineSweeper } from './training-deadline.sweeper';
import { TrainingResolver } from './training.resolver';
import { TrainingService } from './training.service';

@Module({ imports: [AmbassadorsModule], providers: [TrainingResolver, TrainingService, trainingDeadlineSweeper] })
export class TrainingFeatureModule {}
