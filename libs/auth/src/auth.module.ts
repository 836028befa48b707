import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthConfig } from './auth-config';
import { AuthErrorFilter } from './auth-error.filter';
import { AuthorizationGuard } from './authorization.guard';
import { TokenVerifier } from './token-verifier';

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

/**
 * Import once in each app: `AuthModule.forRoot(authConfigFromEnv(process.env))`.
 * Installs AuthorizationGuard for every handler (default deny) and AuthErrorFilter,
 * and provides TokenVerifier and AUTH_CONFIG to the whole app.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: TokenVerifier, useValue: new TokenVerifier(config) },
        { provide: APP_GUARD, useClass: AuthorizationGuard },
        { provide: APP_FILTER, useClass: AuthErrorFilter },
      ],
      exports: [AUTH_CONFIG, TokenVerifier],
    };
  }
}
