/**
 * The feedback loop (DESIGN.md, "amplify and respond"): every idea gets a visible status
 * and an answer, so whoever gave it sees what resulted from it.
 */
export const ideaStatuses = ['RECEIVED', 'UNDER_REVIEW', 'PLANNED', 'SHIPPED', 'DECLINED'] as const;
export type IdeaStatus = (typeof ideaStatuses)[number];

// received → under review → planned → shipped, and declined from any open step.
const MOVES: Record<IdeaStatus, readonly IdeaStatus[]> = {
  RECEIVED: ['UNDER_REVIEW', 'DECLINED'],
  UNDER_REVIEW: ['PLANNED', 'DECLINED'],
  PLANNED: ['SHIPPED', 'DECLINED'],
  SHIPPED: [],
  DECLINED: [],
};

export function canMoveIdea(from: IdeaStatus, to: IdeaStatus): boolean {
  return MOVES[from].includes(to);
}

export function nextIdeaSteps(from: IdeaStatus): readonly IdeaStatus[] {
  return MOVES[from];
}

export const IDEA_LIMITS = { titleMax: 200, bodyMax: 5000, answerMax: 2000 };
/** Public submissions per client address per hour: a customer with several ideas, not a flood. */
export const PUBLIC_IDEAS_PER_ADDRESS_PER_HOUR = 5;
export const DEFAULT_ANSWER_PROMISE_DAYS = 14;
export const MAX_ANSWER_PROMISE_DAYS = 365;

export type IdeaTextProblem = { field: string; problem: string };

/** Trims and checks an idea's text; returns the problems by field (empty when fine). */
export function checkIdeaText(input: { title: string; body: string }): { title: string; body: string; problems: IdeaTextProblem[] } {
  const title = input.title.trim();
  const body = input.body.trim();
  const problems: IdeaTextProblem[] = [];
  if (title.length === 0) problems.push({ field: 'title', problem: 'must not be blank' });
  if (title.length > IDEA_LIMITS.titleMax) problems.push({ field: 'title', problem: `must be at most ${IDEA_LIMITS.titleMax} characters` });
  if (body.length === 0) problems.push({ field: 'body', problem: 'must not be blank' });
  if (body.length > IDEA_LIMITS.bodyMax) problems.push({ field: 'body', problem: `must be at most ${IDEA_LIMITS.bodyMax} characters` });
  return { title, body, problems };
}

const DAY_MS = 86_400_000;

/** When an idea submitted at `createdAt` must have had its first answer. */
export function answerDueAt(createdAt: Date, promiseDays: number): Date {
  return new Date(createdAt.getTime() + promiseDays * DAY_MS);
}

/** An idea still waiting for its first answer after the program's promise ran out. */
export function isOverdue(idea: { createdAt: Date; firstAnsweredAt: Date | null }, promiseDays: number, now: Date): boolean {
  return idea.firstAnsweredAt === null && answerDueAt(idea.createdAt, promiseDays).getTime() < now.getTime();
}
