/** A person's grant for one subscribe-message template: one `subscriptions` document per pair. */
export const grantIdOf = (userId: string, templateKey: string) => `${userId}:${templateKey}`;
