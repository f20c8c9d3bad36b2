import type { ActionName, ActionOutput, ParsedInput } from '../../shared/contracts/envelope';
import type { authContract } from '../../shared/contracts/auth';

/** The `auth` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof authContract>> = ParsedInput<typeof authContract, K>;
export type Out<K extends ActionName<typeof authContract>> = ActionOutput<typeof authContract, K>;
