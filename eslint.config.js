// Type-aware linting of the whole project: typescript-eslint's recommended and stylistic sets with type
// information; formatting is left to Prettier (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.neo4j/', 'bench-out/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // a leading underscore marks a parameter a signature needs but the body does not (Express's error handler)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // only the database layer talks to Neo4j; everything else goes through its typed queries
    ignores: ['server/db/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'neo4j-driver', message: 'only server/db/ imports neo4j-driver: add a typed query there' }] }],
    },
  },
  { files: ['client/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  {
    // Tests read JSON answers as a user reads them; test/helpers/app.ts checks every answer against its schema
    // in server/model/api.ts before a test sees it, so the body is typed `any` there on purpose.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  prettier,
);
