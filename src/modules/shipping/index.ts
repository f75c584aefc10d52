// The shipping module's boundary: customers' call-off orders, their
// allocation, picking and signed dispatch, and the shipments with their
// packing lists and dangerous-goods declarations.
export {
  ORDER_PRIORITIES,
  ORDER_STATES,
  type OrderPriority,
  type OrderState,
  PROPER_SHIPPING_NAMES,
  type ShipmentContent,
} from './model.js';
export {
  type AllocationReport,
  allocateOrder,
  cancelOrder,
  createOrder,
  dispatchOrder,
  getOrder,
  getShipment,
  listOrders,
  listShipments,
  type Order,
  type PickingList,
  pickingList,
  pickOrder,
  reservedFor,
  type Shipment,
  type ShippingContext,
} from './orders.js';
export { type ShippingRoutesContext, shippingRoutes } from './routes.js';
