/** The committed standalone validator of the dashboard plan schema is current (regenerate with G6_UPDATE_GOLDEN=1). */
import { renderStandaloneValidator } from '../../../src/output/standalone-validator';
import schema from '../../../src/generators/dashboards/plan.schema.json';
import { expectGolden } from '../../support/golden';

it('src/generators/dashboards/plan-validate.generated.ts matches plan.schema.json', () => {
  const text = renderStandaloneValidator({
    schemaPath: 'src/generators/dashboards/plan.schema.json',
    schema,
    regenerate: 'G6_UPDATE_GOLDEN=1 npx jest test/generators/dashboards/plan-validator.test.ts',
  });
  expectGolden('src/generators/dashboards/plan-validate.generated.ts', text);
});
