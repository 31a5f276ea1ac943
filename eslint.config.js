// Lint: typescript-eslint's recommended rules, React's rules of hooks, and switches over unions that must be
// exhaustive (the one type-aware rule, so a new report, route or command cannot be forgotten in a switch).
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'coverage/**']},
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		plugins: {'react-hooks': reactHooks},
		languageOptions: {
			parserOptions: {
				projectService: {allowDefaultProject: ['vitest.config.ts']},
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
			'@typescript-eslint/switch-exhaustiveness-check': ['error', {considerDefaultExhaustiveForUnions: true}],
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
		},
	},
);
