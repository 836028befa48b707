import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { SubgraphServiceConfig, SubgraphServiceModule } from '@streetteam/subgraph-service';
import { migrations } from './migrations';
import { enrollmentEntities } from './entities';
import { ProgramsModule } from './programs/programs.module';
import { AccountsModule } from './accounts/accounts.module';
import { AmbassadorsModule } from './ambassadors/ambassadors.module';
import { ApplicationsModule } from './applications/applications.module';
import { TiersModule } from './tiers/tiers.module';
import { TrainingFeatureModule } from './training/training.module';

@Module({})
export class EnrollmentModule {
  static forRoot(config: SubgraphServiceConfig, options: { writeSchema?: boolean } = {}): DynamicModule {
    return {
      module: EnrollmentModule,
      imports: [
        SubgraphServiceModule.forRoot({
          config,
          entities: enrollmentEntities,
          migrations,
          schemaFile: options.writeSchema === false ? undefined : path.join(__dirname, '..', 'schema.graphql'),
        }),
        ProgramsModule,
        AccountsModule,
        AmbassadorsModule,
        ApplicationsModule,
        TrainingFeatureModule,
        TiersModule,
      ],
    };
  }
}
