import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  useCustomers,
  useLocations,
  useMaterials,
  usePlantSummary,
  useRevisions,
  useSpecifications,
  useSuppliers,
} from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { type Tab, Tabs } from '../../components/Tabs';
import { CustomersTable } from './master/CustomersTable';
import { LocationsTable } from './master/LocationsTable';
import { MaterialsTable } from './master/MaterialsTable';
import { RevisionsTable } from './master/RevisionsTable';
import { SpecificationsTable } from './master/SpecificationsTable';
import { SuppliersTable } from './master/SuppliersTable';

/** Materials, storage, customers, suppliers, specifications and revisions, one tab each. */
export function MasterData() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const summary = usePlantSummary();
  const materials = useMaterials();
  const locations = useLocations();
  const customers = useCustomers();
  const suppliers = useSuppliers();
  const specifications = useSpecifications();
  const revisions = useRevisions();
  const timeZone = summary.data?.site.timezone;
  const asked = Number(params.get('revision'));
  const selectedRevision = Number.isInteger(asked) && asked > 0 ? asked : undefined;

  const tabs: Tab[] = [
    {
      id: 'materials',
      label: t('plant:master.tabs.materials'),
      count: materials.data?.length,
      render: () => (
        <QueryView query={materials} what={t('plant:loading.materials')}>
          {(data) => <MaterialsTable materials={data} />}
        </QueryView>
      ),
    },
    {
      id: 'locations',
      label: t('plant:master.tabs.locations'),
      count: locations.data?.length,
      render: () => (
        <QueryView query={locations} what={t('plant:loading.locations')}>
          {(data) => <LocationsTable locations={data} />}
        </QueryView>
      ),
    },
    {
      id: 'customers',
      label: t('plant:master.tabs.customers'),
      count: customers.data?.length,
      render: () => (
        <QueryView query={customers} what={t('plant:loading.customers')}>
          {(data) => <CustomersTable customers={data} />}
        </QueryView>
      ),
    },
    {
      id: 'suppliers',
      label: t('plant:master.tabs.suppliers'),
      count: suppliers.data?.length,
      render: () => (
        <QueryView query={suppliers} what={t('plant:loading.suppliers')}>
          {(data) => <SuppliersTable suppliers={data} />}
        </QueryView>
      ),
    },
    {
      id: 'specifications',
      label: t('plant:master.tabs.specifications'),
      count: specifications.data?.length,
      render: () => (
        <QueryView query={specifications} what={t('plant:loading.specifications')}>
          {(data) => <SpecificationsTable specifications={data} />}
        </QueryView>
      ),
    },
    {
      id: 'revisions',
      label: t('plant:master.tabs.revisions'),
      count: revisions.data?.length,
      render: () => (
        <QueryView query={revisions} what={t('plant:loading.revisions')}>
          {(data) => (
            <RevisionsTable
              revisions={data}
              timeZone={timeZone}
              selected={selectedRevision}
              onSelect={selectRevision}
            />
          )}
        </QueryView>
      ),
    },
  ];

  const setParam = (name: string, value: string | undefined) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === undefined) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  const selectTab = (id: string) => setParam('tab', id);
  const selectRevision = (n: number | undefined) =>
    setParam('revision', n === undefined ? undefined : String(n));

  return (
    <section className="section" aria-labelledby="master-data-title">
      <h2 id="master-data-title">{t('plant:master.title')}</h2>
      <Tabs
        label={t('plant:master.title')}
        tabs={tabs}
        selected={params.get('tab') ?? 'materials'}
        onSelect={selectTab}
      />
    </section>
  );
}
