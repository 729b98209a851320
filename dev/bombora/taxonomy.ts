// The simulator's fixed topic taxonomy, Theme → Category → Topic, with real-looking ids. The ids
// and names Bombora documents are pinned (theme 1500622 "Business", category 1500511
// "Accounting", topics 1333532 "Local Government" and 1333536 "Legal"); the rest are assigned
// deterministically around them.
import { fnv1a } from './hash';

export interface Theme {
  id: number;
  name: string;
}

export interface Category {
  id: number;
  name: string;
  themeId: number;
  theme: string;
}

export interface Topic {
  id: number;
  name: string;
  theme: string;
  category: string;
  description: string;
  themeId: number;
  categoryId: number;
}

export interface Taxonomy {
  themes: Theme[];
  categories: Category[];
  topics: Topic[];
}

// No topic name contains a comma: the control endpoint takes topic names comma-separated.
const TREE: Record<string, Record<string, string[]>> = {
  Business: {
    Accounting: [
      'Accounts Payable',
      'Accounts Receivable',
      'Bookkeeping',
      'Audit',
      'Tax Preparation',
      'General Ledger',
      'Financial Close',
      'Revenue Recognition',
    ],
    'Business Strategy': [
      'Mergers & Acquisitions',
      'Business Continuity',
      'Change Management',
      'Competitive Intelligence',
      'Corporate Strategy',
      'Digital Transformation',
      'Outsourcing',
    ],
    Leadership: [
      'Executive Coaching',
      'Leadership Development',
      'Succession Planning',
      'Board Governance',
      'Organizational Design',
      'Decision Making',
      'Corporate Culture',
    ],
    'Small Business': [
      'Business Loans',
      'Franchising',
      'Startups',
      'Small Business Software',
      'Entrepreneurship',
      'Business Plans',
      'Venture Capital',
    ],
  },
  Technology: {
    'Cloud Computing': [
      'Cloud Computing',
      'Infrastructure as a Service (IaaS)',
      'Platform as a Service (PaaS)',
      'Software as a Service (SaaS)',
      'Multi-Cloud',
      'Hybrid Cloud',
      'Serverless Computing',
      'Cloud Migration',
    ],
    'Data Management': [
      'Data Warehousing',
      'Data Lakes',
      'Master Data Management',
      'Data Integration',
      'ETL',
      'Data Governance',
      'Data Quality',
      'Business Intelligence',
    ],
    Security: [
      'Cybersecurity',
      'Endpoint Security',
      'Identity and Access Management (IAM)',
      'Zero Trust',
      'Ransomware',
      'Firewall',
      'Security Information and Event Management (SIEM)',
      'Penetration Testing',
    ],
    'Software Engineering': [
      'DevOps',
      'Continuous Integration',
      'Kubernetes',
      'Containers',
      'Microservices',
      'API Management',
      'Low-Code Development',
      'Application Performance Monitoring',
    ],
    Networking: [
      'Software-Defined WAN (SD-WAN)',
      '5G',
      'Network Security',
      'Wi-Fi 6',
      'Unified Communications',
      'VoIP',
      'Edge Computing',
    ],
    'Artificial Intelligence': [
      'Machine Learning',
      'Generative AI',
      'Natural Language Processing',
      'Computer Vision',
      'MLOps',
      'Chatbots',
      'Predictive Analytics',
    ],
  },
  Marketing: {
    'Digital Marketing': [
      'Marketing Automation',
      'Email Marketing',
      'Search Engine Optimization (SEO)',
      'Pay-Per-Click Advertising',
      'Content Marketing',
      'Social Media Marketing',
      'Programmatic Advertising',
      'Display Advertising',
    ],
    'B2B Marketing': [
      'Account-Based Marketing',
      'Demand Generation',
      'Lead Generation',
      'Lead Scoring',
      'Intent Data',
      'Marketing Attribution',
      'Webinars',
    ],
    Brand: [
      'Brand Management',
      'Public Relations',
      'Market Research',
      'Customer Experience',
      'Event Marketing',
      'Influencer Marketing',
      'Sponsorships',
    ],
    'Advertising Technology': [
      'Demand-Side Platform (DSP)',
      'Customer Data Platform (CDP)',
      'Data Management Platform (DMP)',
      'Connected TV Advertising',
      'Retargeting',
      'Ad Fraud',
      'Identity Resolution',
    ],
  },
  Sales: {
    'Sales Technology': [
      'Customer Relationship Management (CRM)',
      'Sales Enablement',
      'Sales Engagement',
      'Configure Price Quote (CPQ)',
      'Sales Intelligence',
      'Conversation Intelligence',
      'Sales Forecasting',
    ],
    'Sales Strategy': [
      'Inside Sales',
      'Channel Sales',
      'Partner Relationship Management',
      'Territory Management',
      'Sales Compensation',
      'Sales Training',
      'Customer Success',
    ],
    'E-commerce': [
      'E-commerce Platforms',
      'Payment Processing',
      'Shopping Cart Software',
      'Order Management',
      'B2B E-commerce',
      'Online Marketplaces',
      'Subscription Billing',
    ],
  },
  Finance: {
    'Corporate Finance': [
      'Financial Planning and Analysis (FP&A)',
      'Budgeting',
      'Treasury Management',
      'Cash Management',
      'Corporate Tax',
      'Expense Management',
      'Procurement',
    ],
    Banking: [
      'Commercial Banking',
      'Business Credit Cards',
      'Lending',
      'Payments',
      'Foreign Exchange',
      'Fraud Prevention',
      'Open Banking',
    ],
    Investing: [
      'Private Equity',
      'Asset Management',
      'Wealth Management',
      'Hedge Funds',
      'ESG Investing',
      'Cryptocurrency',
      'Retirement Plans',
    ],
    Insurance: [
      'Commercial Insurance',
      'Cyber Insurance',
      'Health Insurance',
      'Liability Insurance',
      "Workers' Compensation",
      'Insurance Technology',
      'Risk Management',
    ],
  },
  'Human Resources': {
    'HR Technology': [
      'Payroll',
      'Human Capital Management (HCM)',
      'Applicant Tracking Systems',
      'HR Software',
      'Time and Attendance',
      'Workforce Management',
      'Employee Self-Service',
    ],
    Talent: [
      'Recruiting',
      'Talent Acquisition',
      'Employer Branding',
      'Onboarding',
      'Performance Management',
      'Learning Management Systems',
      'Employee Engagement',
    ],
    Benefits: [
      'Employee Benefits',
      '401(k)',
      'Health Savings Accounts',
      'Employee Wellness',
      'Paid Time Off',
      'Compensation Management',
      'Employee Assistance Programs',
    ],
    Workplace: [
      'Remote Work',
      'Hybrid Work',
      'Diversity and Inclusion',
      'Workplace Safety',
      'Office Space',
      'Employee Experience',
      'Labor Relations',
    ],
  },
  Government: {
    'Public Sector': [
      'Government Contracting',
      'Public Procurement',
      'Federal Budget',
      'Smart Cities',
      'Public Safety',
      'Government IT',
      'Defense',
    ],
    Other: [
      'Local Government',
      'State Government',
      'Elections',
      'Public Policy',
      'Regulatory Compliance',
      'Municipal Services',
      'Grants',
    ],
    Education: [
      'Higher Education',
      'K-12 Education',
      'Education Technology',
      'Online Learning',
      'Student Information Systems',
      'Campus Security',
      'Research Funding',
    ],
  },
  Legal: {
    'Legal Services': [
      'Legal',
      'Corporate Law',
      'Intellectual Property',
      'Litigation',
      'Contract Management',
      'E-Discovery',
      'Legal Technology',
    ],
    Compliance: [
      'GDPR',
      'CCPA',
      'HIPAA Compliance',
      'SOX Compliance',
      'Anti-Money Laundering (AML)',
      'Data Privacy',
      'Governance Risk and Compliance (GRC)',
    ],
    'Employment Law': [
      'Employment Law',
      'Immigration Law',
      'Labor Law',
      'Wage and Hour',
      'Workplace Investigations',
      'Non-Compete Agreements',
      'Whistleblower Protection',
    ],
  },
  Healthcare: {
    'Healthcare Technology': [
      'Electronic Health Records (EHR)',
      'Telehealth',
      'Healthcare Analytics',
      'Medical Devices',
      'Revenue Cycle Management',
      'Patient Engagement',
      'Healthcare Interoperability',
    ],
    'Life Sciences': [
      'Clinical Trials',
      'Drug Development',
      'Biotechnology',
      'Genomics',
      'Pharmaceutical Manufacturing',
      'Regulatory Affairs',
      'Medical Imaging',
    ],
    'Health Care Providers': [
      'Hospitals',
      'Ambulatory Care',
      'Nursing',
      'Population Health',
      'Value-Based Care',
      'Behavioral Health',
      'Home Health Care',
    ],
  },
  Operations: {
    'Supply Chain': [
      'Supply Chain Management',
      'Logistics',
      'Warehouse Management',
      'Inventory Management',
      'Freight',
      'Fleet Management',
      'Demand Planning',
      'Last-Mile Delivery',
    ],
    Manufacturing: [
      'Industrial IoT',
      'Predictive Maintenance',
      'Additive Manufacturing',
      'Lean Manufacturing',
      'Manufacturing Execution Systems (MES)',
      'Quality Management',
      'Robotics',
    ],
    Facilities: [
      'Facilities Management',
      'Energy Management',
      'Building Automation',
      'Commercial Real Estate',
      'Sustainability',
      'Carbon Accounting',
      'Physical Security',
    ],
    'IT Operations': [
      'IT Service Management (ITSM)',
      'IT Asset Management',
      'Help Desk Software',
      'Backup and Recovery',
      'Disaster Recovery',
      'Data Center',
      'Enterprise Resource Planning (ERP)',
    ],
  },
};

const PINNED_THEMES: Record<string, number> = { Business: 1500622 };
const PINNED_CATEGORIES: Record<string, number> = { 'Business/Accounting': 1500511 };
const PINNED_TOPICS: Record<string, number> = { 'Local Government': 1333532, Legal: 1333536 };

/** Hands out ids counting up from `start` in irregular steps, skipping any pinned id. */
function idSequence(start: number, pinned: Iterable<number>): (name: string) => number {
  const used = new Set(pinned);
  let next = start;
  return (name) => {
    next += 1 + (fnv1a(name) % 5);
    while (used.has(next)) next++;
    used.add(next);
    return next;
  };
}

function buildTaxonomy(): Taxonomy {
  const themeId = idSequence(1500600, Object.values(PINNED_THEMES));
  const categoryId = idSequence(1500400, Object.values(PINNED_CATEGORIES));
  const topicId = idSequence(1333000, Object.values(PINNED_TOPICS));
  const themes: Theme[] = [];
  const categories: Category[] = [];
  const topics: Topic[] = [];
  for (const [themeName, cats] of Object.entries(TREE)) {
    const theme = { id: PINNED_THEMES[themeName] ?? themeId(themeName), name: themeName };
    themes.push(theme);
    for (const [categoryName, names] of Object.entries(cats)) {
      const category = {
        id: PINNED_CATEGORIES[`${themeName}/${categoryName}`] ?? categoryId(categoryName),
        name: categoryName,
        themeId: theme.id,
        theme: themeName,
      };
      categories.push(category);
      for (const name of names) {
        topics.push({
          id: PINNED_TOPICS[name] ?? topicId(name),
          name,
          theme: themeName,
          category: categoryName,
          description: `Research into ${name} by businesses evaluating ${categoryName.toLowerCase()} products, services and practices.`,
          themeId: theme.id,
          categoryId: category.id,
        });
      }
    }
  }
  return { themes, categories, topics };
}

export const DEFAULT_TAXONOMY: Taxonomy = buildTaxonomy();

export interface TaxonomyIndex {
  byId: Map<number, Topic>;
  byName: Map<string, Topic>;
}

export const TAXONOMY_INDEX: TaxonomyIndex = {
  byId: new Map(DEFAULT_TAXONOMY.topics.map((t) => [t.id, t])),
  byName: new Map(DEFAULT_TAXONOMY.topics.map((t) => [t.name.toLowerCase(), t])),
};

/** Looks a topic up by name, case-insensitively. */
export function topicByName(name: string): Topic | undefined {
  return TAXONOMY_INDEX.byName.get(name.trim().toLowerCase());
}

export function topicById(id: number): Topic | undefined {
  return TAXONOMY_INDEX.byId.get(id);
}
