/** Thrown inside a store's transaction to roll it back with an expected (typed) failure. */
export class Abort<E> {
  readonly error: E;
  constructor(error: E) {
    this.error = error;
  }
}

export const abort = <E>(error: E): never => {
  throw new Abort(error);
};
