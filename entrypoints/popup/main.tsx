import "../../components/theme.css";
import "./popup.css";
import { mountPage } from "../../lib/platform/mount-page";
import { Popup } from "./Popup";

mountPage(<Popup />);
