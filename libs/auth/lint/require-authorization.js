// ESLint 9 flat-config plugin: every GraphQL resolver and HTTP route handler must say
// who may call it. AuthorizationGuard denies undecorated handlers at run time; this
// rule makes the same mistake fail lint first.
'use strict';

const CLASS_DECORATORS = new Set(['Resolver', 'Controller']);
const HANDLER_DECORATORS = new Set([
  'Query',
  'Mutation',
  'Subscription',
  'ResolveField',
  'Get',
  'Post',
  'Put',
  'Patch',
  'Delete',
]);
const AUTHORIZATION_DECORATORS = new Set(['Roles', 'Authenticated', 'Public']);

/** The name a decorator is called by: @Get(), @Get, @common.Get() all give "Get". */
function decoratorName(decorator) {
  let expression = decorator.expression;
  if (expression.type === 'CallExpression') expression = expression.callee;
  if (expression.type === 'Identifier') return expression.name;
  if (expression.type === 'MemberExpression' && expression.property.type === 'Identifier') {
    return expression.property.name;
  }
  return undefined;
}

function names(node) {
  return (node.decorators || []).map(decoratorName).filter(Boolean);
}

function methodName(method) {
  if (method.key.type === 'Identifier' || method.key.type === 'PrivateIdentifier') return method.key.name;
  if (method.key.type === 'Literal') return String(method.key.value);
  return '<computed>';
}

/** @type {import('eslint').Rule.RuleModule} */
const requireAuthorization = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require @Roles, @Authenticated or @Public on every resolver and controller handler (libs/auth default-deny guard)',
    },
    schema: [],
    messages: {
      missing: '{{name}} has no authorization decorator (@Roles, @Authenticated or @Public)',
    },
  },
  create(context) {
    function checkClass(classNode) {
      const classDecorators = names(classNode);
      if (!classDecorators.some((name) => CLASS_DECORATORS.has(name))) return;
      if (classDecorators.some((name) => AUTHORIZATION_DECORATORS.has(name))) return;
      for (const member of classNode.body.body) {
        if (member.type !== 'MethodDefinition') continue;
        const methodDecorators = names(member);
        if (!methodDecorators.some((name) => HANDLER_DECORATORS.has(name))) continue;
        if (methodDecorators.some((name) => AUTHORIZATION_DECORATORS.has(name))) continue;
        context.report({ node: member.key, messageId: 'missing', data: { name: methodName(member) } });
      }
    }
    return { ClassDeclaration: checkClass, ClassExpression: checkClass };
  },
};

module.exports = {
  meta: { name: '@streetteam/eslint-plugin-auth', version: '1.0.0' },
  rules: { 'require-authorization': requireAuthorization },
};
