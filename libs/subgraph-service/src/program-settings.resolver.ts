import { Inject, Type } from '@nestjs/common';
import { Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Authenticated, Role, Roles } from '@streetteam/auth';
import { ProgramRecord, ProgramRecords } from './program-records';

export interface ProgramSettingsOptions<E extends ProgramRecord, S> {
  /** The service's stub of enrollment's Program (its `@key` type). */
  program: Type<{ id: string }>;
  /** What the service shows of a program it recorded. */
  settings: Type<S>;
  /** The service, as its schema's descriptions name it. */
  service: string;
  /** The field the service adds to Program (e.g. `campaignSettings`). */
  field: string;
  /** The query listing every recorded program's settings (e.g. `programCampaignSettings`). */
  query: string;
  /** Who may list them all; anyone signed in may read one program's. */
  listRoles: [Role, ...Role[]];
  toSettings: (record: E) => S;
}

/**
 * The resolver of a service's view of a program: `Program.<field>` for one program and a
 * query listing them all, both read from the service's ProgramRecords. Campaigns and
 * payouts show different settings; how they show them is the same.
 */
export function programSettingsResolver<E extends ProgramRecord, S>(options: ProgramSettingsOptions<E, S>): Type<unknown> {
  @Resolver(() => options.program)
  class ProgramSettingsResolver {
    constructor(@Inject(ProgramRecords) private readonly programs: ProgramRecords<E>) {}

    @ResolveReference()
    resolveReference(reference: { id: string }): { id: string } {
      return { id: reference.id };
    }

    @ResolveField(() => options.settings, {
      name: options.field,
      nullable: true,
      description: `Null until ${options.service} has recorded the program (its ProgramCreated event arrived).`,
    })
    @Authenticated()
    async settings(@Parent() program: { id: string }): Promise<S | null> {
      const recorded = await this.programs.find(program.id);
      return recorded && options.toSettings(recorded);
    }

    @Query(() => [options.settings], { name: options.query, description: `Every program ${options.service} has recorded, oldest first.` })
    @Roles(...options.listRoles)
    async list(): Promise<S[]> {
      return (await this.programs.list()).map(options.toSettings);
    }
  }
  return ProgramSettingsResolver;
}
