import { Module } from '@nestjs/common';
import { AmbassadorsModule } from '../ambassadors/ambassadors.module';
import { TrainingResolver } from './training.resolver';
import { TrainingService } from './training.service';

@Module({ imports: [AmbassadorsModule], providers: [TrainingResolver, TrainingService] })
export class TrainingFeatureModule {}
