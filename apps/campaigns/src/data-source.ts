// The DataSource the TypeORM migration CLI uses (nx run campaigns:migrate); the app builds
// the same options through SubgraphServiceModule.
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '@streetteam/persistence';
import { EMBEDDED_DATABASE_URL } from '@streetteam/subgraph-service';
import { campaignsEntities } from './entities';
import { migrations } from './migrations';

export default new DataSource(
  serviceDataSourceOptions({
    url: process.env.DATABASE_URL ?? EMBEDDED_DATABASE_URL,
    schema: 'campaigns',
    entities: campaignsEntities,
    migrations,
  }),
);
