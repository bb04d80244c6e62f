/** The shape of a strings object with every string widened: a translation must have the same keys. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
