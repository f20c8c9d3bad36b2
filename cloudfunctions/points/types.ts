import type { ActionName, ActionOutput, ParsedInput } from '../../shared/contracts/envelope';
import type { pointsContract } from '../../shared/contracts/points';

/** The `points` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof pointsContract>> = ParsedInput<typeof pointsContract, K>;
export type Out<K extends ActionName<typeof pointsContract>> = ActionOutput<typeof pointsContract, K>;
