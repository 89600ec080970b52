import "../../components/theme.css";
import "../../components/page.css";
import { mountPage } from "../../lib/platform/mount-page";
import { Dashboard } from "./Dashboard";

mountPage(<Dashboard />);
