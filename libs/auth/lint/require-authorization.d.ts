import type { ESLint } from 'eslint';

declare const plugin: ESLint.Plugin & { rules: Record<'require-authorization', import('eslint').Rule.RuleModule> };
export = plugin;
