export * from '@bvg/db/testing';
