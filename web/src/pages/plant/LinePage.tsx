import { Link, useParams } from 'react-router';
import { useCapacity, useLine } from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { LineCard } from './LineCard';
import { useYear } from './useYear';
import { YearSelect } from './YearSelect';

/** One line alone, at /plant/lines/:code. */
export function LinePage() {
  const { code = '' } = useParams();
  const [year, setYear] = useYear();
  const line = useLine(code);
  const capacity = useCapacity(year);
  return (
    <div className="page" data-testid="line-page">
      <div className="page-bar">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <ol>
            <li>
              <Link to="/plant">Plant</Link>
            </li>
            <li aria-current="page">Line {code}</li>
          </ol>
        </nav>
        <YearSelect year={year} onChange={setYear} />
      </div>
      <QueryView query={line} what="the line">
        {(data) => <LineCard line={data} capacity={capacity} detailed />}
      </QueryView>
    </div>
  );
}
