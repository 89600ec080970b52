import "../../components/theme.css";
import "../../components/page.css";
import { mountPage } from "../../lib/platform/mount-page";
import { Custodian } from "./Custodian";

mountPage(<Custodian />);
