import {
  Activity,
  FileUp,
  LayoutDashboard,
  Plug,
  Settings,
  UsersRound,
  type LucideIcon,
} from 'lucide-react';

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Only active on an exact match (the Overview at "/" would otherwise match everything). */
  end?: boolean;
}

export const PRIMARY_NAV: readonly NavItem[] = [
  { to: '/', label: 'Overview', icon: LayoutDashboard, end: true },
  { to: '/uploads', label: 'Uploads', icon: FileUp },
  { to: '/audiences', label: 'Audiences', icon: UsersRound },
  { to: '/integrations', label: 'Integrations', icon: Plug },
  { to: '/activity', label: 'Activity', icon: Activity },
];

export const SECONDARY_NAV: readonly NavItem[] = [
  { to: '/settings', label: 'Settings', icon: Settings },
];
