/** The committed standalone validator of the project-config schema is current (regenerate with G6_UPDATE_GOLDEN=1). */
import { renderStandaloneValidator } from '../../src/output/standalone-validator';
import schema from '../../src/spec/project-config.schema.json';
import { expectGolden } from '../support/golden';

it('src/spec/project-config.validate.generated.ts matches the schema', () => {
  const text = renderStandaloneValidator({
    schemaPath: 'src/spec/project-config.schema.json',
    schema,
    regenerate: 'G6_UPDATE_GOLDEN=1 npx jest test/spec/project-config-validator.test.ts',
  });
  expectGolden('src/spec/project-config.validate.generated.ts', text);
});
