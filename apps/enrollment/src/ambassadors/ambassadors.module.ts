import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AmbassadorResolver } from './ambassador.resolver';
import { AmbassadorService } from './ambassador.service';

@Module({ imports: [AccountsModule], providers: [AmbassadorResolver, AmbassadorService], exports: [AmbassadorService] })
export class AmbassadorsModule {}
