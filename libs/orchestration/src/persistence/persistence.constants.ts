/** Injection token of Baton's TypeORM `DataSource`; its own, so an application's TypeORM setup is left alone. */
export const BATON_DATA_SOURCE = 'baton:persistence:data-source';
export const PERSISTENCE_OPTIONS = 'baton:persistence:options';
