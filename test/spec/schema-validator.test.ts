/** The committed standalone validator of the spec schema is current (regenerate with G6_UPDATE_GOLDEN=1). */
import { renderStandaloneValidator } from '../../src/output/standalone-validator';
import schema from '../../src/spec/metric-spec.schema.json';
import { expectGolden } from '../support/golden';

it('src/spec/metric-spec.validate.generated.ts matches the schema', () => {
  const text = renderStandaloneValidator({
    schemaPath: 'src/spec/metric-spec.schema.json',
    schema,
    regenerate: 'G6_UPDATE_GOLDEN=1 npx jest test/spec/schema-validator.test.ts',
  });
  expectGolden('src/spec/metric-spec.validate.generated.ts', text);
});
