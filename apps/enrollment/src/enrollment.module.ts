import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { SubgraphServiceConfig, subgraphAppModule } from '@streetteam/subgraph-service';
import { AccountsModule } from './accounts/accounts.module';
import { AmbassadorsModule } from './ambassadors/ambassadors.module';
import { ApplicationsModule } from './applications/applications.module';
import { enrollmentEntities } from './entities';
import { migrations } from './migrations';
import { ProgramsModule } from './programs/programs.module';
import { TiersModule } from './tiers/tiers.module';
import { TrainingFeatureModule } from './training/training.module';

@Module({})
export class EnrollmentModule {
  static forRoot(config: SubgraphServiceConfig, options: { writeSchema?: boolean } = {}): DynamicModule {
    return subgraphAppModule(EnrollmentModule, config, {
      appDir: path.join(__dirname, '..'),
      entities: enrollmentEntities,
      migrations,
      features: [ProgramsModule, AccountsModule, AmbassadorsModule, ApplicationsModule, TrainingFeatureModule, TiersModule],
      ...options,
    });
  }
}
