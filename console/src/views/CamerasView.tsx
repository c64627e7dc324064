import { useApi } from '../api/context.js';
import { useLoad } from '../api/use-load.js';
import { Empty, Failure, FirstFrameHint, Loading } from '../components/states.js';
import { equipmentWords } from '../logic/labels.js';
import { Link } from '../router.js';

/** `/cameras`: each camera with its latest frame and status. */
export function CamerasView() {
  const { api } = useApi();
  const [cameras] = useLoad('cameras', () => api.cameras());
  if (cameras.state === 'loading') return <Loading />;
  if (cameras.state === 'failed') {
    return (
      <section aria-labelledby="cameras-title">
        <h1 id="cameras-title">Cameras</h1>
        <Failure error={cameras.error} route="GET /cameras" />
        <FirstFrameHint />
      </section>
    );
  }
  const items = cameras.value.items;
  if (items.length === 0) return <Empty what="No camera has sent a frame yet." />;
  return (
    <section aria-labelledby="cameras-title">
      <h1 id="cameras-title">Cameras</h1>
      <table>
        <caption class="visually-hidden">Each camera's latest frame</caption>
        <thead>
          <tr>
            <th scope="col">Camera</th>
            <th scope="col">Location</th>
            <th scope="col">Latest frame</th>
            <th scope="col">Status</th>
            <th scope="col">Persons</th>
            <th scope="col">Missing</th>
          </tr>
        </thead>
        <tbody>
          {items.map((camera) => (
            <tr key={camera.cameraId} data-camera-id={camera.cameraId}>
              <th scope="row">
                <Link href={`/violations?cameraId=${encodeURIComponent(camera.cameraId)}`}>
                  {camera.cameraId}
                </Link>
              </th>
              <td>{camera.location ?? ''}</td>
              <td>
                <Link href={`/frames/${encodeURIComponent(camera.lastFrame.frameId)}`}>
                  {camera.lastFrame.capturedAt}
                </Link>
              </td>
              <td>
                <span class={`status status-${camera.lastFrame.status}`}>
                  {camera.lastFrame.status}
                </span>
              </td>
              <td>{camera.lastFrame.personsTotal}</td>
              <td>{camera.lastFrame.missingEquipment.map(equipmentWords).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
