// Bad input data: what is wrong, in which file, at which line. Every reader of a CSV throws this one error,
// which the worker, the CLI and the editor turn into "file:line: problem" (the problem a CoreText, which
// the editor translates).
import { CoreError, type CoreText } from './coreText';

export type DataErrorCode =
  | 'not-found'
  | 'not-a-file'
  | 'empty-file'
  | 'header-only'
  | 'missing-column'
  | 'ragged-row'
  | 'unterminated-quote'
  | 'csv-syntax'
  | 'binary-file'
  | 'invalid-utf8'
  | 'invalid-encoding'
  | 'no-header'
  | 'too-large'
  | 'line-too-long'
  | 'no-texts'
  | 'single-class'
  | 'too-few-rows'
  | 'too-many-classes'
  | 'unknown-label'
  | 'class-count'
  | 'changed';

/** Bad input: what is wrong, in which file, at which line (1-based, when one line is to blame). */
export class DataError extends CoreError {
  constructor(
    readonly code: DataErrorCode,
    readonly file: string,
    text: CoreText,
    readonly line?: number,
  ) {
    super(text);
    this.name = 'DataError';
  }
}
