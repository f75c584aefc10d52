import { Link } from 'react-router';
import { type Recall, useRecalls } from '../../api/genealogy';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';

/** /recalls — every recall, newest first, with what it held and what had already left. */
export function RecallsPage() {
  const recalls = useRecalls();
  return (
    <div className="page" data-testid="recalls-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Traceability</p>
          <h1>Recalls</h1>
        </div>
        <Link className="button" to="/lots">
          Lots
        </Link>
      </header>
      <p className="muted small">
        A recall starts from the suspect lot’s page, signed by a QA manager.
      </p>
      <QueryView query={recalls} what="the recalls">
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-recalls">
              No recalls.
            </p>
          ) : (
            <RecallsTable recalls={data} />
          )
        }
      </QueryView>
    </div>
  );
}

function RecallsTable({ recalls }: { recalls: Recall[] }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="recalls-table">
        <thead>
          <tr>
            <th scope="col">Recall</th>
            <th scope="col">Suspect lot</th>
            <th scope="col">Reason</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              Lots held
            </th>
            <th scope="col" className="num">
              On hand
            </th>
            <th scope="col" className="num">
              Shipped
            </th>
            <th scope="col" className="num">
              Customers
            </th>
          </tr>
        </thead>
        <tbody>
          {recalls.map(({ number, report: r }) => (
            <tr key={number} data-testid={`recall-${number}`}>
              <th scope="row">
                <Link to={`/recalls/${encodeURIComponent(number)}`}>{number}</Link>
              </th>
              <td>
                <Link to={`/lots/${encodeURIComponent(r.suspectLot)}?direction=forward`}>
                  {r.suspectLot}
                </Link>
              </td>
              <td>{r.reason}</td>
              <td className="nowrap">
                {formatDateTime(r.startedAt)} <span className="muted small">{r.startedBy}</span>
              </td>
              <td className="num">{formatInteger(r.totals.heldLots)}</td>
              <td className="num">{formatExact(r.totals.onHand)}</td>
              <td className="num">{formatExact(r.totals.shipped)}</td>
              <td className="num">{formatInteger(r.totals.customers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
