import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/cloudflare';
import { ExportFormPage } from '~/components/activation/export-form-page';
import { pageTitle } from '~/lib/meta';
import { exportFormAction, loadExportForm } from '~/lib/ttd-export-form.server';

export const meta: MetaFunction = () => [{ title: pageTitle('New export · The Trade Desk') }];

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  loadExportForm(context, request, null);

export const action = ({ request, context }: ActionFunctionArgs) =>
  exportFormAction(context, request, null);

export default function NewExportPage() {
  return <ExportFormPage />;
}
