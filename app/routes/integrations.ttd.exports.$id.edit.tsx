import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/cloudflare';
import { useSearchParams } from '@remix-run/react';
import { ExportFormPage } from '~/components/activation/export-form-page';
import { pageTitle } from '~/lib/meta';
import { exportFormAction, loadExportForm } from '~/lib/ttd-export-form.server';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(`Edit ${loaded?.current?.name ?? 'export'} · The Trade Desk`) },
];

export const loader = ({ params, request, context }: LoaderFunctionArgs) =>
  loadExportForm(context, request, params.id!);

export const action = ({ params, request, context }: ActionFunctionArgs) =>
  exportFormAction(context, request, params.id!);

export default function EditExportPage() {
  const [search] = useSearchParams();
  return <ExportFormPage deleting={search.get('delete') === '1'} />;
}
