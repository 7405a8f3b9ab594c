/** Memo field holding the hash of the definition an execution started with. */
export const DEFINITION_HASH_MEMO = 'batonDefinitionHash';
