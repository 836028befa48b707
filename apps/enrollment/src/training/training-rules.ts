import { TrainingErrorCode, TrainingException } from './training.exception';

export interface QuizQuestion {
  prompt: string;
  options: string[];
  /** Index into options; never shown to ambassadors. */
  correctOption: number;
}

export interface NewTrainingModule {
  programId: string;
  title: string;
  body?: string | null;
  link?: string | null;
  required: boolean;
  /** Percent of questions to get right, 0–100. */
  passMark: number;
  /** Days ambassadors already active get to pass a module that is required from now on. */
  graceDays: number;
  questions: QuizQuestion[];
}

export const MAX_QUESTIONS = 20;

function refuse(message: string): never {
  throw new TrainingException(TrainingErrorCode.INVALID_MODULE, message);
}

/** A module teaches something (a body or a link) and checks it with a short quiz whose answers exist. */
export function checkNewModule(input: NewTrainingModule): NewTrainingModule {
  const title = input.title.trim();
  if (title.length === 0) refuse('title must not be blank');
  const body = input.body?.trim() || null;
  const link = input.link?.trim() || null;
  if (!body && !link) refuse('a module needs a body or a link');
  if (link && !(URL.canParse(link) && new URL(link).protocol === 'https:')) refuse(`link "${link}" must be an https URL`);
  if (!Number.isInteger(input.passMark) || input.passMark < 0 || input.passMark > 100) refuse('passMark must be a whole percentage from 0 to 100');
  if (!Number.isInteger(input.graceDays) || input.graceDays < 0 || input.graceDays > 365) refuse('graceDays must be a whole number of days from 0 to 365');
  if (input.questions.length === 0 || input.questions.length > MAX_QUESTIONS) refuse(`a quiz has 1 to ${MAX_QUESTIONS} questions`);
  const questions = input.questions.map((q, i) => {
    const options = q.options.map((o) => o.trim());
    if (q.prompt.trim().length === 0) refuse(`questions[${i}].prompt must not be blank`);
    if (options.length < 2 || options.some((o) => o.length === 0)) refuse(`questions[${i}] needs at least 2 non-blank options`);
    if (!Number.isInteger(q.correctOption) || q.correctOption < 0 || q.correctOption >= options.length) {
      refuse(`questions[${i}].correctOption must be an option index from 0 to ${options.length - 1}`);
    }
    return { prompt: q.prompt.trim(), options, correctOption: q.correctOption };
  });
  return { ...input, title, body, link, questions };
}

export interface QuizResult {
  score: number;
  passed: boolean;
}

/** Grades one attempt: one option index per question, in order. */
export function gradeQuiz(questions: readonly QuizQuestion[], answers: readonly number[], passMark: number): QuizResult {
  if (answers.length !== questions.length) {
    throw new TrainingException(
      TrainingErrorCode.WRONG_ANSWER_FORMAT,
      `answers must give one option index per question, in order: this quiz has ${questions.length}, got ${answers.length}`,
    );
  }
  answers.forEach((answer, i) => {
    const last = questions[i].options.length - 1;
    if (!Number.isInteger(answer) || answer < 0 || answer > last) {
      throw new TrainingException(TrainingErrorCode.WRONG_ANSWER_FORMAT, `answers[${i}] must be an option index from 0 to ${last}, got ${answer}`);
    }
  });
  const right = answers.filter((answer, i) => answer === questions[i].correctOption).length;
  const score = Math.round((100 * right) / questions.length);
  return { score, passed: score >= passMark };
}
