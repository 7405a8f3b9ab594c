/** A method decorator was applied to something that is not a method. */
export class DecoratorTargetError extends Error {
  constructor(decorator: string, className: string, member: string | undefined) {
    const found = member === undefined ? `the class "${className}"` : `the property "${className}#${member}"`;
    super(`${decorator} must decorate a method of a @Workflow() class, but it was applied to ${found}. Move it onto a method.`);
    this.name = 'DecoratorTargetError';
  }
}
