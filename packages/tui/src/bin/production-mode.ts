/**
 * Imported before anything that loads React: React picks its development or production build
 * from NODE_ENV when first imported, and the development build costs the live UI a fifth of its
 * CPU (bench watch). An explicit NODE_ENV (tests set `test`) is kept.
 */
process.env.NODE_ENV ??= 'production';
