/** `config/`: the build options, their defaults, and the config file. */
export * from './options.js';
export * from './load.js';
export * from './monitors.js';
