import "../../components/theme.css";
import "../../components/page.css";
import { mountPage } from "../../lib/platform/mount-page";
import { TagPage } from "./TagPage";

mountPage(<TagPage visitId={Number(new URLSearchParams(location.search).get("visit"))} />);
