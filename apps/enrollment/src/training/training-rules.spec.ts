import { checkNewModule, gradeQuiz, NewTrainingModule } from './training-rules';
import { TrainingErrorCode } from './training.exception';

const questions = [
  { prompt: 'How long is the guarantee?', options: ['30 days', '1 year'], correctOption: 1 },
  { prompt: 'May you pay for reviews?', options: ['Yes', 'No', 'Sometimes'], correctOption: 1 },
];
const brandBasics: NewTrainingModule = { programId: 'p', title: ' Brand basics ', body: 'Read this.', link: null, required: true, passMark: 50, graceDays: 14, questions };

describe('checkNewModule', () => {
  it('trims the title and keeps the quiz when the module is valid', () => {
    expect(checkNewModule(brandBasics)).toMatchObject({ title: 'Brand basics', body: 'Read this.', questions });
  });

  it('refuses a module with neither body nor link', () => {
    expect(() => checkNewModule({ ...brandBasics, body: ' ', link: null })).toThrow(expect.objectContaining({ code: TrainingErrorCode.INVALID_MODULE, message: 'a module needs a body or a link' }));
  });

  it('refuses a link that is not https', () => {
    expect(() => checkNewModule({ ...brandBasics, link: 'http://example.com/video' })).toThrow('link "http://example.com/video" must be an https URL');
  });

  it('refuses a grace period past a year', () => {
    expect(() => checkNewModule({ ...brandBasics, graceDays: 366 })).toThrow('graceDays must be a whole number of days from 0 to 365');
  });

  it('refuses a correct option that is not one of the options', () => {
    expect(() => checkNewModule({ ...brandBasics, questions: [{ ...questions[0], correctOption: 2 }] })).toThrow('questions[0].correctOption must be an option index from 0 to 1');
  });
});

describe('gradeQuiz', () => {
  it('passes when the share of right answers reaches the pass mark', () => {
    expect(gradeQuiz(questions, [1, 0], 50)).toEqual({ score: 50, passed: true });
  });

  it('fails below the pass mark', () => {
    expect(gradeQuiz(questions, [0, 0], 50)).toEqual({ score: 0, passed: false });
  });

  it('refuses answers that do not give one option per question', () => {
    expect(() => gradeQuiz(questions, [1], 50)).toThrow(
      expect.objectContaining({ code: TrainingErrorCode.WRONG_ANSWER_FORMAT, message: 'answers must give one option index per question, in order: this quiz has 2, got 1' }),
    );
  });

  it('refuses an option index that does not exist', () => {
    expect(() => gradeQuiz(questions, [1, 3], 50)).toThrow('answers[1] must be an option index from 0 to 2, got 3');
  });
});
