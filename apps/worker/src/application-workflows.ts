import { ExamplesModule } from '../../../examples/examples.module';
import { PackageBuilderModule } from '../../../libs/package-builder/src';

/** The modules declaring this application's workflows: the worker serves them, the API validates and starts them. */
export const APPLICATION_WORKFLOW_MODULES = [ExamplesModule, PackageBuilderModule];
