import type { ActionName, ActionOutput, ParsedInput } from '../../shared/contracts/envelope';
import type { casesContract } from '../../shared/contracts/cases';

/** The `cases` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof casesContract>> = ParsedInput<typeof casesContract, K>;
export type Out<K extends ActionName<typeof casesContract>> = ActionOutput<typeof casesContract, K>;
